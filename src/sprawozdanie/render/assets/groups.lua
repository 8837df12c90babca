-- Grouped tables, in every format: a table whose rows fall into groups (a programme's goal
-- table: task, then partner; the daily centres: form of centre) is marked by its template in
-- its caption, {#tbl-x .grouped groups="2" row-headers="3"}, and prints a group's label once,
-- leaving the cells below it empty ("as above"). An empty cell tells a screen reader, a phone's
-- reflowed table or a page break nothing, so here:
--   * each group's label becomes one cell spanning the group's rows (HTML rowspan, Word's
--     merged cells, Typst's rowspan, which report-template.typ keeps on one page);
--   * the first `row-headers` columns (default: the group columns) are the rows' headers:
--     <th scope="row"> in HTML, and each data cell names its column's and row's headers
--     (`headers`), so each value is announced with its task and partner;
--   * a row with only its first cell filled (a total's sentence) spans the table's width.
-- A cell continues the group above only when it is empty and every cell to its left continues
-- too: an empty cell beside a new label is a real empty cell.
-- Runs after the other filters, which see the table as its template wrote it.

local stringify = pandoc.utils.stringify

local function is_empty(cell)
  return stringify(cell.contents) == "" and #cell.contents <= 1
end

local function only_first_filled(row)
  if #row.cells < 2 or is_empty(row.cells[1]) then return false end
  for i = 2, #row.cells do
    if not is_empty(row.cells[i]) then return false end
  end
  return true
end

local function group(body, groups, ncols)
  local anchors = {} -- column -> the cell its group started with
  for _, row in ipairs(body.body) do
    if only_first_filled(row) then
      row.cells[1].col_span = ncols
      row.cells = { row.cells[1] }
      anchors = {}
    else
      local kept, continued = {}, true
      for j, cell in ipairs(row.cells) do
        if j <= groups and continued and is_empty(cell) and anchors[j] then
          anchors[j].row_span = anchors[j].row_span + 1
        else
          continued = false
          if j <= groups then anchors[j] = cell end
          table.insert(kept, cell)
        end
      end
      row.cells = kept
    end
  end
end

-- A body's rows split into runs: the grouped rows, and each spanning row in a body of its own,
-- which has no row headers (pandoc would cut a cell spanning the header columns short).
local function split(body, heads)
  local out, run = {}, {}
  local function flush()
    if #run > 0 then
      table.insert(out, { attr = body.attr, body = run, head = body.head, row_head_columns = heads })
      run = {}
    end
  end
  for _, row in ipairs(body.body) do
    if #row.cells == 1 and row.cells[1].col_span > 1 then
      flush()
      table.insert(out, { attr = body.attr, body = { row }, head = {}, row_head_columns = 0 })
    else
      table.insert(run, row)
    end
  end
  flush()
  return out
end

-- HTML: the column headers' ids, by column (a header spanning columns is above each of them).
local function column_ids(tbl, base)
  local ids = {}
  for r, row in ipairs(tbl.head.rows) do
    local col = 1
    for _, cell in ipairs(row.cells) do
      while ids[col] and #ids[col] >= r do col = col + 1 end
      if cell.identifier == "" then cell.identifier = base .. "-k" .. r .. "-" .. col end
      for c = col, col + cell.col_span - 1 do
        ids[c] = ids[c] or {}
        table.insert(ids[c], cell.identifier)
      end
      col = col + cell.col_span
    end
  end
  return ids
end

-- HTML: the row headers are <th scope="row">, and every data cell names its headers (the
-- columns' and the rows' ids in `headers`), since a table with headers in several columns is
-- otherwise ambiguous to a screen reader (WCAG technique H43).
local function label_rows(body, cols, base)
  local heads = body.row_head_columns
  local covered = {} -- column -> rows still taken by a cell spanning down from above
  local row_head = {} -- column -> id of the row header now covering it
  for r, row in ipairs(body.body) do
    local col, placed = 1, {}
    for _, cell in ipairs(row.cells) do
      while (covered[col] or 0) > 0 do col = col + 1 end
      table.insert(placed, { cell = cell, col = col })
      if col <= heads then
        cell.attributes.scope = "row"
        cell.identifier = base .. "-" .. r .. "-" .. col
        row_head[col] = cell.identifier
      end
      for c = col, col + cell.col_span - 1 do covered[c] = cell.row_span end
      col = col + cell.col_span
    end
    for _, p in ipairs(placed) do
      if p.col > heads then
        local ids, seen = {}, {}
        local function add(id)
          if id and not seen[id] then seen[id] = true; table.insert(ids, id) end
        end
        for c = p.col, p.col + p.cell.col_span - 1 do
          for _, id in ipairs(cols[c] or {}) do add(id) end
        end
        for c = 1, heads do add(row_head[c]) end
        if #ids > 0 then p.cell.attributes.headers = table.concat(ids, " ") end
      end
    end
    for c, left in pairs(covered) do covered[c] = left - 1 end
  end
end

function Table(tbl)
  if not tbl.classes:includes("grouped") then return nil end
  local groups = tonumber(tbl.attributes.groups) or 1
  local heads = tonumber(tbl.attributes["row-headers"]) or groups
  local base = tbl.identifier ~= "" and tbl.identifier or "tabela"
  local html = FORMAT:match("html")
  local cols = html and column_ids(tbl, base) or {}
  local bodies = {}
  for _, body in ipairs(tbl.bodies) do
    group(body, groups, #tbl.colspecs)
    for _, b in ipairs(split(body, heads)) do
      table.insert(bodies, b)
      if html then label_rows(b, cols, base .. "-w" .. #bodies) end
    end
  end
  tbl.bodies = bodies
  tbl.classes = tbl.classes:filter(function(c) return c ~= "grouped" end)
  tbl.attributes.groups = nil
  tbl.attributes["row-headers"] = nil
  return tbl
end
