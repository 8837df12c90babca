-- Typst (PDF) only; runs after sanitize.lua.
-- Pandoc's Typst writer drops an image's alt text, which PDF/UA requires of every figure:
-- each chart becomes Typst's image() with its alt (Quarto's fig-alt, else the caption).
-- The alt is written as a Typst string literal, so no text of it is read as markup.

local function typst_string(text)
  text = text:gsub("%s+", " ")
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function with_alt(img)
  local alt = img.attributes["alt"]
  if alt == nil or alt == "" then alt = pandoc.utils.stringify(img.caption) end
  return pandoc.RawInline("typst", "#image(" .. typst_string(img.src) .. ", alt: " .. typst_string(alt) .. ")")
end

function Image(img)
  return with_alt(img)
end
