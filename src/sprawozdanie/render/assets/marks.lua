-- A number that a difference of "Kontrola obliczeń" concerns is followed by "(różnica nr N)"
-- in superscript, so that a reader sees it where the number stands: in the PDF and Word
-- document of both renderers, and on the Quarto site's pages as a link to the difference on
-- the page of "Kontrola obliczeń" (the embedded renderer's one-page HTML marks them with its
-- own script, report.js.html). The numbers concerned, {"ledger id": [1, 3]}, come from
-- marks.json beside the Markdown (the embedded renderer) or from the metadata
-- "sprawozdanie-marks", with the page's file in "sprawozdanie-marks-page" (the Quarto path's
-- _quarto.yml); without either nothing is marked.

local marks = {}
local page = nil
local file = io.open("marks.json", "r")
if file then
  marks = pandoc.json.decode(file:read("a"), false) or {}
  file:close()
end

local function from_meta(meta)
  local given = meta["sprawozdanie-marks"]
  if given then
    marks = {}
    for id, nrs in pairs(given) do
      local list = {}
      for _, nr in ipairs(nrs) do table.insert(list, tonumber(pandoc.utils.stringify(nr))) end
      marks[id] = list
    end
  end
  if meta["sprawozdanie-marks-page"] then page = pandoc.utils.stringify(meta["sprawozdanie-marks-page"]) end
end

local function mark(span)
  local nrs = span.classes:includes("val") and marks[span.attributes["data-id"] or ""]
  if not nrs or #nrs == 0 then return nil end
  local words = {}
  for _, nr in ipairs(nrs) do table.insert(words, tostring(math.floor(nr))) end
  local label = (#nrs == 1 and "różnica nr " or "różnice nr ") .. table.concat(words, ", ")
  -- one unbreakable word: a narrow table cell must not split "nr" from its number
  local text = { pandoc.Str("(" .. label:gsub(" ", "\u{00A0}") .. ")") }
  if page and FORMAT:match("html") then
    local offset = (quarto and quarto.project and quarto.project.offset) or "."
    text = { pandoc.Link(text, offset .. "/" .. page .. "#roznica-" .. words[1], "", { class = "roznica-link" }) }
  end
  return { span, pandoc.Str("\u{202F}"), pandoc.Superscript(text) }
end

return { { Meta = from_meta }, { Span = mark } }
