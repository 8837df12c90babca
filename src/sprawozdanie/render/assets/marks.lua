-- A number that a difference of "Kontrola obliczeń" concerns is marked "(różnica nr N)" in
-- superscript where its phrase ends (before the comma or full stop that follows it), so that
-- a reader sees it beside the number: in the PDF and Word
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

local function marked(el)
  if el.t ~= "Span" or not el.classes:includes("val") then return nil end
  local nrs = marks[el.attributes["data-id"] or ""]
  if not nrs or #nrs == 0 then return nil end
  return nrs
end

local function label_of(nrs)
  local words = {}
  for _, nr in ipairs(nrs) do table.insert(words, tostring(math.floor(nr))) end
  -- "różnice nr 2, 4 i 5": the last joined by "i", as a list is in Polish
  local listed = #words == 1 and words[1]
    or table.concat(words, ", ", 1, #words - 1) .. " i " .. words[#words]
  return (#nrs == 1 and "różnica nr " or "różnice nr ") .. listed, words[1]
end

local function superscript(label, first)
  -- one unbreakable word: a narrow table cell must not split "nr" from its number
  local text = { pandoc.Str("(" .. label:gsub(" ", "\u{00A0}") .. ")") }
  if page and FORMAT:match("html") then
    local offset = (quarto and quarto.project and quarto.project.offset) or "."
    text = { pandoc.Link(text, offset .. "/" .. page .. "#roznica-" .. first, "", { class = "roznica-link" }) }
  end
  return pandoc.Superscript(text)
end

-- Words whose dot is an abbreviation's ("31 grudnia 2025 r. jest …"), not a sentence's end.
local ABBREVIATIONS = {}
for _, w in ipairs({ "r", "ul", "ust", "art", "godz", "tys", "zm", "poz", "np", "ds", "tj", "św", "pw",
                     "ks", "al", "pl", "dn", "zob", "por", "wg", "in", "min", "mgr", "dr", "inż", "prof", "im" }) do
  ABBREVIATIONS[w] = true
end

-- Where in a word the phrase of a marked number ends: before its first comma, semicolon,
-- colon, question or exclamation mark, closing parenthesis, or a dot that is not an
-- abbreviation's or an ordinal's. Nil: the phrase goes on.
local function phrase_end(text)
  for i = 1, #text do
    local c = text:sub(i, i)
    -- a colon between digits is a time's ("8:00"), not the phrase's end
    if c:match("[,;:!?)]") and not (c == ":" and text:sub(i - 1, i - 1):match("%d") and text:sub(i + 1, i + 1):match("%d")) then
      return i
    end
    if c == "." then
      -- an abbreviation's or an ordinal's dot goes on; at the text's end the sign follows it
      local word = text:sub(1, i - 1):match("([%a\128-\255]+)$")
      if not (word and ABBREVIATIONS[word:lower()]) and not text:sub(1, i - 1):match("%d$") then return i end
    end
  end
  return nil
end

-- A marked number's "(różnica nr N)" goes where its phrase ends, as a footnote's sign would
-- ("pracowało 3 asystentów rodziny⁽ʳᵒᶻⁿⁱᶜᵃ ⁿʳ ³⁾."), not between the number and its noun, and
-- after a parenthesis that follows the phrase;
-- in a table cell, or without such an end within a few words, after the last word reached.
local REACH = 12
local function place_marks(inlines)
  local has = false
  for _, el in ipairs(inlines) do
    if marked(el) then has = true break end
  end
  if not has then return nil end
  local out = pandoc.List()
  local pending, seen, words = {}, {}, 0
  local depth = 0 -- within a parenthesis that follows a marked phrase
  -- pending signs, each with the depth of parentheses at which its number stood; all of them,
  -- or (at_depth) those of numbers within the parenthesis that closes
  local function flush(at_depth)
    local kept = {}
    for _, p in ipairs(pending) do
      if at_depth == nil or p[3] >= at_depth then
        out:insert(pandoc.Str("\u{202F}"))
        out:insert(superscript(p[1], p[2]))
        seen[p[1]] = nil
      else
        table.insert(kept, p)
      end
    end
    pending = kept
    if at_depth == nil then words, depth = 0, 0 end
  end
  for _, el in ipairs(inlines) do
    local nrs = marked(el)
    if nrs then
      out:insert(el)
      local label, first = label_of(nrs)
      if not seen[label] then
        table.insert(pending, { label, first, depth })
        seen[label] = true
      end
    elseif #pending > 0 and el.t == "Str" and (depth > 0 or el.text:sub(1, 1) == "(") then
      -- a parenthesis that opens after the phrase belongs to it ("122 rodziny z małoletnimi
      -- dziećmi (łącznie 453 osoby)"): the sign follows its closing parenthesis, as a
      -- footnote's would; a number within the parenthesis has its sign before that ")"
      local from = 1
      local closed = false
      for i = 1, #el.text do
        local c = el.text:sub(i, i)
        if c == "(" then
          depth = depth + 1
        elseif c:match("[,;:]") and depth > 0 then
          -- a number's phrase within the parenthesis ends here: its sign, not the outer one's
          if i > from then out:insert(pandoc.Str(el.text:sub(from, i - 1))) end
          flush(depth)
          from = i
        elseif c == ")" and depth > 0 then
          if i > from then out:insert(pandoc.Str(el.text:sub(from, i - 1))) end
          flush(depth) -- the signs of numbers within this parenthesis
          depth = depth - 1
          out:insert(pandoc.Str(")"))
          from = i + 1
          if depth == 0 then
            flush()
            closed = true
            break
          end
        end
      end
      if from <= #el.text then out:insert(pandoc.Str(el.text:sub(from))) end
      if not closed then
        -- a ")" this filter cannot see (within emphasis or a link): give up after REACH words
        words = words + 1
        if words >= REACH then flush() end
      end
    elseif #pending > 0 and el.t == "Str" then
      local at = phrase_end(el.text)
      if at then
        if at > 1 then out:insert(pandoc.Str(el.text:sub(1, at - 1))) end
        flush()
        out:insert(pandoc.Str(el.text:sub(at)))
      else
        out:insert(el)
        words = words + 1
        if words >= REACH then flush() end
      end
    else
      out:insert(el)
    end
  end
  flush()
  return out
end

return { { Meta = from_meta }, { Inlines = place_marks } }
