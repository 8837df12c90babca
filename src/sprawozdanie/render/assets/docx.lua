-- Word (docx) only; runs after sanitize.lua.
--   * a value's span ([46]{.val data-id=… title=…}) becomes its plain text: its tooltip is
--     the HTML's, and Word would show nothing of it anyway;
--   * a column is never narrower than its longest unbreakable text ("930 518,87 zł" is
--     joined by no-break spaces), or Word and LibreOffice would break it inside a word:
--     the width it lacks is taken from the column with the most to spare;
--   * a line break within a table cell starts its next line without a space;
--   * the report starts on a page of its own after the title page and the contents.

local TEXT_WIDTH_CM = 21 - 2 * 2.4 -- A4 less the margins of reference.docx
local CHAR_CM = 0.22               -- a character of the tables' 10 pt type (bold, wide fonts)
local CELL_PADDING_CM = 0.45       -- the table style's cell margins and a little air

function Span(span)
  if span.classes:includes("val") then return span.content end
end

local function longest_word(blocks)
  local longest = 0
  -- U+00A0 is not a separator; a line may break after a hyphen (opiekuńczo-wychowawczych)
  for word in pandoc.utils.stringify(blocks):gmatch("[^ \t\n%-]+%-?") do
    longest = math.max(longest, utf8.len(word) or #word)
  end
  return longest
end

local BOLD = 1.15 -- a header's bold type is wider: "Zmiana w %" broke as "Zmian/a" in LibreOffice

-- Each row with the width factor of its type: a header's cells are bold.
local function cells(tbl)
  local rows = {}
  for _, row in ipairs(tbl.head.rows) do rows[#rows + 1] = { row, BOLD } end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.head) do rows[#rows + 1] = { row, BOLD } end
    for _, row in ipairs(body.body) do rows[#rows + 1] = { row, 1 } end
  end
  return rows
end

function Table(tbl)
  local widths, needed = {}, {}
  for i, spec in ipairs(tbl.colspecs) do
    if type(spec[2]) ~= "number" then return nil end -- widths left to the writer
    widths[i], needed[i] = spec[2], 0
  end
  for _, item in ipairs(cells(tbl)) do
    local row, factor = item[1], item[2]
    for i, cell in ipairs(row.cells) do
      if needed[i] then
        local cm = longest_word(cell.contents) * CHAR_CM * factor + CELL_PADDING_CM
        needed[i] = math.max(needed[i], cm / TEXT_WIDTH_CM)
      end
    end
  end
  for i = 1, #widths do
    local lacking = needed[i] - widths[i]
    if lacking > 0 then
      local widest = 1
      for j = 1, #widths do
        if widths[j] - needed[j] > widths[widest] - needed[widest] then widest = j end
      end
      local spare = math.max(0, widths[widest] - needed[widest])
      local moved = math.min(lacking, spare)
      widths[i], widths[widest] = widths[i] + moved, widths[widest] - moved
    end
  end
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], widths[i] }
  end
  return tbl
end

-- A line break within a table cell (present/text.py's CELL_BREAK) is followed by a space in
-- the Markdown; Word would print it at the start of the next line (" tel. 17 000").
function Inlines(inlines)
  local out = pandoc.Inlines({})
  for i, el in ipairs(inlines) do
    local prev = inlines[i - 1]
    local after_break = prev and prev.t == "RawInline" and prev.format == "openxml" and prev.text:match("<w:br/>")
    if not (after_break and (el.t == "Space" or el.t == "SoftBreak")) then out:insert(el) end
  end
  return out
end

function Pandoc(doc)
  local page_break = pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
  doc.blocks:insert(1, page_break)
  return doc
end
