-- PDF and Word: a number that a difference of "Kontrola obliczeń" concerns is followed by
-- "(różnica nr N)" in superscript, as the HTML marks it with a link (report.js.html), so
-- that a reader of the filed document sees it where the number stands. The build writes
-- the numbers concerned to marks.json beside the Markdown ({"ledger id": [1, 3]}); without
-- that file nothing is marked.

local marks = {}
local file = io.open("marks.json", "r")
if file then
  marks = pandoc.json.decode(file:read("a"), false) or {}
  file:close()
end

function Span(span)
  local nrs = span.classes:includes("val") and marks[span.attributes["data-id"] or ""]
  if not nrs or #nrs == 0 then return nil end
  local words = {}
  for _, nr in ipairs(nrs) do table.insert(words, tostring(math.floor(nr))) end
  local label = (#nrs == 1 and "różnica nr " or "różnice nr ") .. table.concat(words, ", ")
  -- one unbreakable word: a narrow table cell must not split "nr" from its number
  label = label:gsub(" ", "\u{00A0}")
  return { span, pandoc.Str("\u{202F}"), pandoc.Superscript({ pandoc.Str("(" .. label .. ")") }) }
end
