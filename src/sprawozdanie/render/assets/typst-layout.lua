-- Typst (PDF) only: the printed report's layout, where Typst's own rules fall short.
--
-- Hyphenation. Polish typesetting does not split a short word ("Po-mocy", "ro-dziny"), and
-- Typst has no minimum word length: the template turns hyphenation off, and each word of
-- MIN_HYPHENATED letters or more is set with hyphenation on (pandoc writes the span as
-- #text(hyphenate: true)[…]); a heading's words never are.
--
-- Tables: column widths chosen from the cells' text, not from the dashes of the Markdown
-- source. A column whose longest line fits in a fair share of the width gets that line's
-- width; no column gets less than its longest word (up to MAX_WORD letters), so that ordinary
-- words are not hyphenated in a narrow column; the long-text columns share the rest. The
-- table spans the text width.
-- A row is never split across pages (report-template.typ), unless it is tall: a row taller than
-- about a third of a page is marked breakable, as moving it whole would leave that much of a
-- page empty (and a row taller than a page would be cut off).

-- Width units are characters of the table's 10 pt text (Libertinus Serif averages about
-- 4.6 pt a character); a cell has 2 x 5 pt of padding (report-template.typ).
local TEXT_WIDTH = 459 -- pt: A4 less 2 x 2.4 cm margins
local CHAR = 4.6
local PADDING = 10
local BOLD = 1.1 -- header cells are bold, a little wider
local MAX_WORD = 14 -- a longer word may be hyphenated rather than widen its column
local HEADER_LINE = 12 -- a long header wraps (over a column of numbers): it claims no more than this
local HEADER_SLACK = 1 -- characters beyond a header word's estimated width
local LINE = 12.5 -- pt: a line of the table's text
local BREAKABLE_ROW = 220 -- pt: a row taller than this may break across pages

-- A SHA-256 digest of the annex ([…]{.hash}) is set whole on one line, small and monospaced:
-- a digest broken over two lines, or by a character that a copy would carry, is not the one
-- an auditor compares. Its column is as wide as the digest.
local HASH_FONT = "DejaVu Sans Mono" -- Typst's own monospaced font
local HASH_SIZE = 7.5 -- pt
local HASH_ADVANCE = 0.602 -- DejaVu Sans Mono's advance, in em

local MIN_HYPHENATED = 8 -- letters
local SUPERSCRIPT = 0.6 -- Typst's super(): the size of superscript text, relative to the text's

-- Letters of the Latin (Polish included), Greek and Cyrillic alphabets; Lua's %a is ASCII only.
local function is_letter(cp)
  return (cp >= 65 and cp <= 90) or (cp >= 97 and cp <= 122) or (cp >= 0xC0 and cp <= 0x24F and cp ~= 0xD7
    and cp ~= 0xF7) or (cp >= 0x370 and cp <= 0x52F)
end

local function longest_run(text)
  local run, longest = 0, 0
  for _, cp in utf8.codes(text) do
    if is_letter(cp) then run = run + 1 else run = 0 end
    if run > longest then longest = run end
  end
  return longest
end

local hyphenated = pandoc.Attr("", {}, { ["typst:text:hyphenate"] = "true" })

-- A code name of the annex ("foster_care_families.csv") breaks where the text offers a
-- zero-width space, after "_" or ".", and is never hyphenated: "foster_care_fami-" is no name.
local function is_code_name(text)
  return text:find("_", 1, true) or text:find("\u{200B}", 1, true)
end

-- A word the text keeps on one line with a word joiner ("39-\u{2060}300", "3-\u{2060}letnich",
-- "8:00 –\u{2060} 13:00": fmt.bind_polish) is set in a box, which Typst never breaks, and
-- without the joiner: a PDF's text would carry it, and a search for "39-300" would miss it.
local WORD_JOINER = "\u{2060}"

-- The word stays a Str inside the box's brackets: pandoc escapes it for Typst, and a lead-in
-- ending with such a word ("… 39-300 Mielec:") still reads as ending with a colon.
local function kept_whole(str)
  local text = str.text:gsub(WORD_JOINER, "")
  return { pandoc.RawInline("typst", "#box["), pandoc.Str(text), pandoc.RawInline("typst", "]") }
end

-- A code name's zero-width spaces (appendix.breakable) become the edges of boxes: a line may
-- break between two boxes, and the PDF's text, copied or searched, has the name without them.
local ZWSP = "\u{200B}"

local function code_name_parts(str)
  local out = {}
  for part in (str.text .. ZWSP):gmatch("(.-)" .. ZWSP) do
    if part ~= "" then
      table.insert(out, pandoc.RawInline("typst", "#box["))
      table.insert(out, pandoc.Str(part))
      table.insert(out, pandoc.RawInline("typst", "]"))
    end
  end
  return out
end

local function hyphenate_long_word(str)
  if str.text:find(WORD_JOINER, 1, true) then
    return kept_whole(str)
  end
  if str.text:find(ZWSP, 1, true) then
    return code_name_parts(str)
  end
  if utf8.len(str.text) and not is_code_name(str.text) and longest_run(str.text) >= MIN_HYPHENATED then
    return pandoc.Span({ str }, hyphenated)
  end
end

local function is_break(inline)
  return inline.t == "LineBreak" or (inline.t == "RawInline" and inline.text == "#linebreak()")
end

-- The lines of a cell's text: a line break or a new block starts a line.
local function cell_lines(cell)
  local lines = {}
  for _, block in ipairs(cell.contents) do
    local text = pandoc.utils.stringify(pandoc.Blocks({ block }):walk({
      Inline = function(inline)
        if is_break(inline) then return pandoc.Str("\n") end
      end,
      -- a superscript ("(różnica nr 7)" beside a number) is set at SUPERSCRIPT of the text's size
      Superscript = function(sup)
        local n = utf8.len(pandoc.utils.stringify(sup)) or 0
        return pandoc.Str(string.rep("x", math.ceil(n * SUPERSCRIPT)))
      end,
    }))
    for line in (text .. "\n"):gmatch("([^\n]*)\n") do
      table.insert(lines, line)
    end
  end
  return lines
end

-- Longest line and longest word of a cell, in characters. A word ends at a space (not a
-- non-breaking one, which joins "2025 r.") and after a hyphen or slash (a line may break there).
local function measure(cell, factor)
  local longest, word = 0, 0
  for _, line in ipairs(cell_lines(cell)) do
    longest = math.max(longest, utf8.len(line) or #line)
    for unit in line:gmatch("[^ ]+") do
      for part in (unit .. "-"):gmatch("(.-[-/])") do
        word = math.max(word, math.min(utf8.len(part) - 1, MAX_WORD))
      end
    end
  end
  return longest * factor, word * factor
end

-- The width of a cell's digest in characters of the table's text (0: no digest in the cell).
local function hash_width(cell)
  local width = 0
  pandoc.Blocks(cell.contents):walk({
    Span = function(span)
      if span.classes:includes("hash") then
        local n = utf8.len(pandoc.utils.stringify(span)) or 0
        width = math.max(width, math.ceil(n * HASH_SIZE * HASH_ADVANCE / CHAR) + 1)
      end
    end,
  })
  return width
end

local function hash_set(span)
  if not span.classes:includes("hash") then return nil end
  local text = pandoc.utils.stringify(span):gsub("[^%w]", "")
  return pandoc.RawInline("typst", string.format('#text(font: "%s", size: %spt, hyphenate: false)[%s]', HASH_FONT, HASH_SIZE, text))
end

local function rows_of(tbl)
  local rows = {}
  for _, row in ipairs(tbl.head.rows) do table.insert(rows, { row = row, factor = BOLD }) end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.head) do table.insert(rows, { row = row, factor = BOLD }) end
    for _, row in ipairs(body.body) do table.insert(rows, { row = row, factor = 1 }) end
  end
  for _, row in ipairs(tbl.foot.rows) do table.insert(rows, { row = row, factor = 1 }) end
  return rows
end

-- Widths in characters, as a browser lays out an automatic table: a column whose longest
-- line is within a fair share of what is left gets that line's width; the others get their
-- longest word and share the rest in proportion to how much wider their longest line is.
local function widths(natural, minimum, available)
  local n = #natural
  local width, fixed = {}, {}
  local left, open = available, n
  local changed = true
  while changed and open > 0 do
    changed = false
    for j = 1, n do
      if not fixed[j] and natural[j] <= left / open then
        width[j], fixed[j], changed = natural[j], true, true
        left, open = left - natural[j], open - 1
      end
    end
  end
  local least, most = 0, 0
  for j = 1, n do
    if not fixed[j] then least, most = least + minimum[j], most + natural[j] end
  end
  local k = most > least and math.max(0, math.min(1, (left - least) / (most - least))) or 0
  for j = 1, n do
    if not fixed[j] then width[j] = minimum[j] + (natural[j] - minimum[j]) * k end
  end
  return width
end

-- Rows taller than a page (estimated from their lines at the columns' widths) may break.
-- The width in points of a cell that starts in column j and spans span columns.
local function cell_width(points, j, span)
  local width = 0
  for k = j, math.min(j + span - 1, #points) do width = width + points[k] end
  return width
end

local function breakable_rows(tbl, points)
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      local lines, j = 0, 1
      for _, cell in ipairs(row.cells) do
        local per_line = math.max((cell_width(points, j, cell.col_span) - PADDING) / CHAR, 1)
        local count = 0
        for _, line in ipairs(cell_lines(cell)) do
          count = count + math.max(1, math.ceil((utf8.len(line) or #line) / per_line))
        end
        lines = math.max(lines, count)
        j = j + cell.col_span
      end
      if lines * LINE > BREAKABLE_ROW then
        for _, cell in ipairs(row.cells) do cell.attributes["typst:breakable"] = "true" end
      end
    end
  end
end

local function set_widths(tbl)
  local n = #tbl.colspecs
  local natural, minimum = {}, {}
  for j = 1, n do natural[j], minimum[j] = 1, 1 end
  for _, r in ipairs(rows_of(tbl)) do
    local j = 1
    for _, cell in ipairs(r.row.cells) do
      if cell.col_span == 1 and j <= n then
        local longest, word = measure(cell, r.factor)
        local digest = hash_width(cell)
        if digest > 0 then longest, word = digest, digest end
        -- a header wraps, but never below its longest word (which is not hyphenated): with a
        -- little slack, as bold letters vary more than CHAR's average ("wykorzystana" ran into
        -- the next column's header)
        if r.factor == BOLD then
          word = word + HEADER_SLACK
          longest = math.max(math.min(longest, HEADER_LINE * BOLD), word)
        end
        natural[j] = math.max(natural[j], longest)
        minimum[j] = math.max(minimum[j], word)
      end
      j = j + cell.col_span
    end
  end
  local available = (TEXT_WIDTH - n * PADDING) / CHAR
  local width = widths(natural, minimum, available)
  local total = 0
  for j = 1, n do total = total + width[j] end
  -- spread what is left (a table of short cells) in proportion, so the table spans the text width
  local scale = total < available and available / total or 1
  local sum = 0
  local points = {}
  for j = 1, n do
    points[j] = width[j] * scale * CHAR + PADDING
    sum = sum + points[j]
  end
  for j = 1, n do
    tbl.colspecs[j] = { tbl.colspecs[j][1], points[j] / sum }
    points[j] = points[j] * TEXT_WIDTH / sum
  end
  breakable_rows(tbl, points)
  return tbl
end

-- A heading is never hyphenated (a title reads as a whole; its line breaks fall between words),
-- nor is a word of a table's header row up to MAX_WORD letters: its column is at least that
-- wide (set_widths); a longer one may still be hyphenated rather than overflow its cell.
-- A filter that unwraps the hyphenation spans of words up to ``limit`` letters.
local function unhyphenate(limit)
  return {
    Span = function(span)
      if span.attributes["typst:text:hyphenate"] and longest_run(pandoc.utils.stringify(span)) <= limit then
        return span.content
      end
    end,
  }
end
local plain, short_plain = unhyphenate(math.huge), unhyphenate(MAX_WORD)

local function unhyphenated(header)
  header.content = header.content:walk(plain)
  return header
end

-- A caption is a title too: "Tabela nr 8. … specjalistyczne porad-/nictwo" leaves a fragment.
local function unhyphenated_caption(el)
  el.caption.long = el.caption.long:walk(plain)
  return el
end

-- A word of a table's body that fits its column whole is not hyphenated either: Typst would
-- rather split "pomoc psycholo-giczna" than leave "pomoc" alone on a line of a narrow cell.
-- The column's width is the one set_widths gave it; a word's, its letters at CHAR (with a
-- margin, as CHAR is an average).
local FIT_MARGIN = 1.1

local function unhyphenated_cells(tbl)
  unhyphenated_caption(tbl)
  local points = {}
  for j, spec in ipairs(tbl.colspecs) do points[j] = (tonumber(spec[2]) or 0) * TEXT_WIDTH end
  for _, r in ipairs(rows_of(tbl)) do
    local j = 1
    for _, cell in ipairs(r.row.cells) do
      if r.factor == BOLD then -- a header row
        cell.contents = cell.contents:walk(short_plain)
      else
        local letters = math.floor((cell_width(points, j, cell.col_span) - PADDING) / (CHAR * FIT_MARGIN))
        if letters > 0 then cell.contents = cell.contents:walk(unhyphenate(letters)) end
      end
      j = j + cell.col_span
    end
  end
  return tbl
end

-- A Div (an office's text) has no print layout of its own. Pandoc writes it as #block[…], and
-- Typst makes no paragraph of a block's text without a paragraph break: a one-paragraph office
-- text was set ragged, not justified. Its content stands in its place; a Div with an id keeps
-- its block, the anchor of a link.
local function unwrapped(div)
  if div.identifier ~= "" then return nil end
  return div.content
end

-- A paragraph that ends with a colon leads in to the list or table after it ("… przedstawiono
-- poniżej:"): it is never the last line of a page without it. A sticky block holds it, spaced
-- as a paragraph is (report-template.typ: par spacing 0.9em).
local LEADS_TO = { BulletList = true, OrderedList = true, Table = true, Figure = true }

local function ends_with_colon(block)
  -- its last word may be in a span already (hyphenation, a number's value): the text decides
  return block.t == "Para" and pandoc.utils.stringify(block):match(":%s*$") ~= nil
end

local function lead_ins_kept(blocks)
  local out = pandoc.Blocks({})
  for i, block in ipairs(blocks) do
    local after = blocks[i + 1]
    if ends_with_colon(block) and after and LEADS_TO[after.t] then
      -- its text in par(): inline content alone in a block is no paragraph in Typst; and the
      -- block as wide as the text, as a block's width is its content's otherwise: either way
      -- the lead-in would be set ragged, not justified as the paragraphs around it
      -- one line of markup: a paragraph break inside par[] would be a Typst warning
      local inlines = pandoc.List({ pandoc.RawInline("typst", "#block(sticky: true, width: 100%, above: 0.9em, below: 0.9em)[#par[") })
      inlines:extend(block.content)
      inlines:insert(pandoc.RawInline("typst", "]]"))
      out:insert(pandoc.Plain(inlines))
    else
      out:insert(block)
    end
  end
  return out
end

-- A numbered item that opens with its title alone ("8. „Oaza spokoju”", a project of the support
-- groups' chapter) and goes on below it: the title never ends a page without what follows it.
local function titled_items_kept(list)
  for _, item in ipairs(list.content) do
    local first = item[1]
    if #item > 1 and first and (first.t == "Para" or first.t == "Plain") and #first.content == 1
        and first.content[1].t == "Strong" then
      table.remove(item, 1)
      table.insert(item, 1, pandoc.RawBlock("typst", "]"))
      table.insert(item, 1, first)
      table.insert(item, 1, pandoc.RawBlock("typst", "#block(sticky: true)["))
    end
  end
  return list
end

if not FORMAT:match("typst") then return {} end
-- the tables' widths are measured on their text before its words are wrapped
return {
  { Div = unwrapped },
  { Table = set_widths },
  { Str = hyphenate_long_word },
  { Header = unhyphenated, Table = unhyphenated_cells, Figure = unhyphenated_caption },
  { Span = hash_set, Blocks = lead_ins_kept, OrderedList = titled_items_kept },
}
