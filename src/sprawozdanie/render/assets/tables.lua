-- HTML only: tables and figures that work on a phone, with a keyboard and a screen reader.
--   * every table has a caption: one without its own ("Tabela nr …") is captioned, for
--     screen readers only, by the heading it stands under;
--   * every table and figure sits in a box that scrolls sideways instead of widening the
--     page; the box is a labelled region that takes focus, so a keyboard can scroll it
--     (report.js removes that tab stop while the box has nothing to scroll);
--   * each body cell of a table of three or more columns, but the first column's, carries its
--     column's header (data-label): on a phone report.css shows such a table as label–value
--     rows, the first column's cell (the row's name) in bold without a label;
--   * each chart gets its width and height: on a phone it is first fitted to the screen, and
--     its button "Powiększ wykres" (report.js) shows it at the size at which its labels stay
--     legible (a scale of 1/1.8 of its pixels: 8 pt at 200 dpi gives 12 px), scrolling sideways;
--   * a word kept on one line with a word joiner is a span that does not wrap (report.css .nobr);
--   * a code name of the annex ("family_assistance.families") may break where the text has a
--     zero-width space (appendix.breakable): here a <wbr>, which a copy of the name does not
--     carry, so that a name copied from the annex is found in values.csv;
--   * an enumeration inside a sentence, numbered "1)" as Polish official texts number it
--     (pandoc's OneParen, which Typst and Word print as such), is marked for report.css: HTML's
--     <ol> has no "1)" of its own.

local stringify = pandoc.utils.stringify
local CHART_SCALE = 1.8

local function scroll_box(blocks, classes, label)
  -- attributes as a list of pairs: a Lua map's order changes from run to run, and so would the HTML
  return pandoc.Div(blocks, pandoc.Attr("", classes, { { "role", "region" }, { "aria-label", label }, { "tabindex", "0" } }))
end

local function columns(tbl)
  return #tbl.colspecs
end

local function label_cells(tbl)
  local head = tbl.head.rows
  if #head == 0 then return end
  local labels = {}
  for i, cell in ipairs(head[#head].cells) do labels[i] = stringify(cell.contents) end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      -- the report's tables are pipe tables: no cell spans (groups.lua merges cells later)
      for i, cell in ipairs(row.cells) do
        if i > 1 and labels[i] and labels[i] ~= "" then cell.attributes["data-label"] = labels[i] end
      end
    end
  end
end

local function table_block(tbl, heading)
  local caption = stringify(tbl.caption.long)
  if caption == "" then
    caption = heading ~= "" and heading or "Tabela"
    tbl.caption.long = { pandoc.Plain({ pandoc.Span({ pandoc.Str(caption) }, pandoc.Attr("", { "visually-hidden" })) }) }
  end
  local classes = { "table-wrap" }
  if columns(tbl) >= 3 then
    label_cells(tbl)
    table.insert(classes, "reflow")
  end
  return scroll_box({ tbl }, classes, caption)
end

local function sized(img)
  local file = io.open(img.src, "rb")
  if not file then return img end
  local ok, size = pcall(pandoc.image.size, file:read("a"))
  file:close()
  if ok and size and size.width and not img.attributes.width then
    img.attributes.width = tostring(math.floor(size.width / CHART_SCALE + 0.5))
    img.attributes.height = tostring(math.floor(size.height / CHART_SCALE + 0.5))
  end
  return img
end

local function figure_block(fig)
  local label = stringify(fig.caption.long)
  fig.content = pandoc.Blocks(fig.content):walk({ Image = sized })
  fig.content = { scroll_box(fig.content, { "figure-scroll" }, label ~= "" and label or "Wykres") }
  return fig
end

local ZWSP = "\u{200B}"

-- A word the text keeps on one line with a word joiner ("39-\u{2060}300", fmt.bind_polish):
-- a span that does not wrap, without the joiner, so that the browser's search finds "39-300".
local WORD_JOINER = "\u{2060}"

function Str(s)
  if s.text:find(WORD_JOINER, 1, true) then
    -- the punctuation around the word stays outside the span: report.js reads a phrase's end
    -- ("… 39-300 Mielec,") in the text between elements, as marks.lua reads it in the PDF
    local lead, core, trail = s.text:gsub(WORD_JOINER, ""):match("^(%(*)(.-)([,.;:!?%)]*)$")
    local out = {}
    if lead ~= "" then table.insert(out, pandoc.Str(lead)) end
    table.insert(out, pandoc.Span({ pandoc.Str(core) }, pandoc.Attr("", { "nobr" })))
    if trail ~= "" then table.insert(out, pandoc.Str(trail)) end
    return out
  end
  if not s.text:find(ZWSP, 1, true) then return nil end
  local out, i = {}, 0
  for part in (s.text .. ZWSP):gmatch("(.-)" .. ZWSP) do
    if i > 0 then table.insert(out, pandoc.RawInline("html", "<wbr>")) end
    if part ~= "" then table.insert(out, pandoc.Str(part)) end
    i = i + 1
  end
  return out
end

function OrderedList(list)
  if list.listAttributes.delimiter == "OneParen" then
    return pandoc.Div({ list }, pandoc.Attr("", { "wyliczenie" }))
  end
end

-- Walk the blocks in reading order, so that a table knows the heading above it.
function Pandoc(doc)
  local heading = ""
  local function go(blocks)
    local out = pandoc.Blocks({})
    for _, b in ipairs(blocks) do
      if b.t == "Header" then
        heading = stringify(b.content)
        out:insert(b)
      elseif b.t == "Table" then
        out:insert(table_block(b, heading))
      elseif b.t == "Figure" then
        out:insert(figure_block(b))
      elseif b.t == "Div" or b.t == "BlockQuote" then
        b.content = go(b.content)
        out:insert(b)
      else
        out:insert(b)
      end
    end
    return out
  end
  doc.blocks = go(doc.blocks)
  return doc
end
