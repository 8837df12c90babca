-- Wrap every table in a scrolling container, so a wide table scrolls sideways on a
-- phone instead of widening the page (HTML only).
function Table(tbl)
  return pandoc.Div({tbl}, pandoc.Attr("", {"table-wrap"}))
end
