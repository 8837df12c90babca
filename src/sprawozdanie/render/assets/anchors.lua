-- The first place where each ledger value is printed gets the id the annex gives the value
-- ("w-" and its id, other characters as "-", render/appendix.py): the page of changes between
-- two versions links a changed number to where it stands. HTML only.
local seen = {}

function Span(span)
  local id = span.attributes["data-id"]
  if not FORMAT:match("html") or not span.classes:includes("val") or not id or span.identifier ~= "" then
    return nil
  end
  if seen[id] then return nil end
  seen[id] = true
  span.identifier = "w-" .. id:gsub("[^%w_]", "-")
  return span
end
