-- In each chapter (a level-1 heading and what follows it), the first place where a ledger
-- value is printed gets an id: the chapter's id, "-", and the id the annex gives the value
-- ("w-" and its id, other characters as "-", render/appendix.py). The page of changes between
-- two versions links a changed number to it. Chapter by chapter, so that a chapter rendered
-- alone (the live preview) has the ids it has in the whole page, and no id is printed twice.
-- HTML only.
local chapter = ""
local seen = {}

local function heading(h)
  if h.level == 1 then
    chapter = h.identifier
    seen = {}
  end
end

local function value(span)
  local id = span.attributes["data-id"]
  if not span.classes:includes("val") or not id or span.identifier ~= "" then return nil end
  local anchor = chapter .. "-w-" .. id:gsub("[^%w_]", "-")
  if seen[anchor] then return nil end
  seen[anchor] = true
  span.identifier = anchor
  return span
end

if not FORMAT:match("html") then return {} end
return { { traverse = "topdown", Header = heading, Span = value } }
