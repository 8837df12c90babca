-- Only the project's own media and markup reach pandoc's writers (and --embed-resources,
-- which would read and embed any file an image names, and Typst, which can read files).
-- Inputs are escaped before they become Markdown; this filter is the second line:
--   * an image is kept only when it is a figure the notebooks drew (media/figure-NN.png|svg);
--   * raw HTML or Typst is kept only when it is one of the project's own snippets (a line
--     break in a table cell); any other is printed as its text;
--   * a link must lead within the report, to an http(s) or mailto address or (in HTML) to
--     the annex or the PDF beside the report, or to a draft's page of changes (the build's
--     own metadata `changes-href`, read before the elements); any other becomes its text;
--   * no element keeps a style attribute.

--
-- Under Quarto (`--renderer quarto`, where this filter runs before Quarto's own, at its
-- "pre-quarto" entry point) two of Quarto's own forms are kept as well (quarto-cli 1.10):
--   * a book's file markers, raw HTML "<!-- quarto-file-metadata: <base64> -->" that
--     book-render.ts writes between chapters and its later filters read (which chapter, which
--     is an appendix);
--   * the chart files its Jupyter reader writes beside a notebook (jupyter.ts):
--     "<notebook>_files/figure-<format>/<label>-output-<n>.<ext>", with the notebook's folder
--     in front in a one-file book.

local FIGURE = { "^media/figure%-%d+%.png$", "^media/figure%-%d+%.svg$" }
local OWN_RAW = { html = { ["<br>"] = true }, typst = { ["#linebreak()"] = true }, openxml = { ["<w:r><w:br/></w:r>"] = true } }
local UNDER_QUARTO = quarto ~= nil -- Quarto's Lua API; plain pandoc has none
local QUARTO_FILE_MARKER = "^<!%-%- quarto%-file%-metadata: [%w+/=]+ %-%->$"

local function matches_any(text, patterns)
  for _, pattern in ipairs(patterns) do
    if text:match(pattern) then return true end
  end
  return false
end

local function own_raw(raw)
  if UNDER_QUARTO and raw.format == "html" and raw.text:match(QUARTO_FILE_MARKER) then return true end
  local known = OWN_RAW[raw.format]
  return known ~= nil and known[raw.text] == true
end

-- A path of Quarto's chart files: relative, no "..", the last three parts as jupyter.ts names them.
local function quarto_figure(src)
  if src:match("^/") or src:match(":") then return false end
  local parts = {}
  for part in src:gmatch("[^/]+") do
    if part == ".." or part == "." then return false end
    parts[#parts + 1] = part
  end
  local n = #parts
  if n < 3 then return false end
  local file = parts[n]
  return parts[n - 2]:match("^[%w_%-]+_files$") ~= nil
    and parts[n - 1]:match("^figure%-%w+$") ~= nil
    and (file:match("^[%w_%-]+%-output%-%d+%.png$") ~= nil or file:match("^[%w_%-]+%-output%-%d+%.svg$") ~= nil)
end

function Image(img)
  if matches_any(img.src, FIGURE) or (UNDER_QUARTO and quarto_figure(img.src)) then return nil end
  return img.caption  -- the alt text, as text
end

function RawInline(raw)
  if own_raw(raw) then return nil end
  return pandoc.Str(raw.text)
end

function RawBlock(raw)
  if own_raw(raw) then return nil end
  return pandoc.Para({ pandoc.Str(raw.text) })
end

-- The report's companion documents in its folder: in HTML a link, elsewhere (a printed or
-- filed page, where the annex is a document beside it) the words alone.
local OWN_DOCUMENTS = { "^aneks/aneks%.html$", "^aneks/aneks%.html#[%w_%-]+$", "^report%.pdf$", "^%.%./report%.html$" }
local changes_href = nil -- a draft's page of changes: the metadata's `changes-href`, exactly

function Link(link)
  local target = link.target:lower()
  local own = matches_any(link.target, OWN_DOCUMENTS) or link.target == changes_href
  if target:match("^#") or target:match("^https?://") or target:match("^mailto:")
      or (own and FORMAT:match("html")) then
    link.attributes.style = nil
    return link
  end
  return link.content
end

-- The project writes no style attribute (pandoc's own table styles come from its writer,
-- after this filter), and the Content-Security-Policy admits only those table styles.
local function unstyled(el)
  if el.attributes and el.attributes.style ~= nil then
    el.attributes.style = nil
    return el
  end
  return nil
end

Span = unstyled
Div = unstyled
Header = unstyled
Code = unstyled
CodeBlock = unstyled
Table = unstyled

-- The metadata first (the build's, never an input), then the elements. A filter that runs
-- this file's functions without the list (dofile) admits no page of changes.
return {
  {
    Meta = function(meta)
      if meta["changes-href"] ~= nil then changes_href = pandoc.utils.stringify(meta["changes-href"]) end
    end,
  },
  {
    Image = Image, RawInline = RawInline, RawBlock = RawBlock, Link = Link,
    Span = Span, Div = Div, Header = Header, Code = Code, CodeBlock = CodeBlock, Table = Table,
  },
}
