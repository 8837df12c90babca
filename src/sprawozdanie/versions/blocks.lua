-- A pandoc custom writer: the report's text as a version records it (versions/snapshot.py).
-- One JSON record per paragraph, heading, list item, figure and table, under the chapter and
-- the part (data-anchor) that printed it. A printed value becomes ⟦its ledger id⟧ and a
-- reference ⟦@its label⟧, so that a changed number is one change of the ledger and not
-- also a changed sentence; the text is otherwise as printed.

local function as_marks(x)
  return x:walk({
    Span = function(s)
      local id = s.attributes['data-id']
      if s.classes:includes('val') and id then  -- its id and its text (snapshot.py keeps one)
        return pandoc.Str('⟦' .. id .. '|' .. pandoc.utils.stringify(s.content) .. '⟧')
      end
    end,
    Cite = function(c)
      return pandoc.Str('⟦@' .. c.citations[1].id .. '⟧')
    end,
    Note = function() return {} end,
  })
end

local function plain(x)
  local text = pandoc.utils.stringify(as_marks(x))
  return (text:gsub('%s+', ' '):gsub('^ ', ''):gsub(' $', ''))
end

local function cells(rows)
  local out = {}
  for _, row in ipairs(rows) do
    local r = {}
    for _, cell in ipairs(row.cells) do
      r[#r + 1] = plain(pandoc.Blocks(cell.contents))
    end
    out[#out + 1] = r
  end
  return out
end

function Writer(doc, opts)
  local records = {}
  local function add(ctx, rec)
    rec.chapter = ctx.chapter
    rec.anchor = ctx.anchor
    rec.seq = ctx.seq
    if ctx.office then rec.office = true end
    records[#records + 1] = rec
  end

  local walk
  walk = function(blocks, ctx)
    for _, b in ipairs(blocks) do
      local t = b.t
      if t == 'Div' then
        local c = { chapter = ctx.chapter, anchor = ctx.anchor, office = ctx.office, seq = ctx.seq }
        if b.attributes['seq'] then c.seq = tonumber(b.attributes['seq']) end
        if b.attributes['chapter'] then c.chapter = b.attributes['chapter']; c.anchor = c.chapter end
        if b.attributes['anchor'] then c.anchor = b.attributes['anchor'] end
        if b.classes:includes('tekst-osrodka') then c.office = true end
        walk(b.content, c)
      elseif t == 'Para' or t == 'Plain' or t == 'LineBlock' then
        local text = plain(pandoc.Blocks({ b }))
        if text ~= '' then add(ctx, { kind = 'text', text = text }) end
      elseif t == 'Header' then
        add(ctx, { kind = 'heading', text = plain(b.content), id = b.identifier })
      elseif t == 'BulletList' or t == 'OrderedList' then
        for _, item in ipairs(b.content) do walk(item, ctx) end
      elseif t == 'DefinitionList' then
        for _, item in ipairs(b.content) do
          add(ctx, { kind = 'text', text = plain(item[1]) })
          for _, def in ipairs(item[2]) do walk(def, ctx) end
        end
      elseif t == 'BlockQuote' then
        walk(b.content, ctx)
      elseif t == 'Figure' then
        add(ctx, { kind = 'figure', text = plain(pandoc.Blocks(b.caption.long)), id = b.identifier })
      elseif t == 'Table' then
        local body = {}
        for _, part in ipairs(b.bodies) do
          for _, row in ipairs(cells(part.head)) do body[#body + 1] = row end
          for _, row in ipairs(cells(part.body)) do body[#body + 1] = row end
        end
        for _, row in ipairs(cells(b.foot.rows)) do body[#body + 1] = row end
        add(ctx, {
          kind = 'table',
          text = plain(pandoc.Blocks(b.caption.long)),
          id = b.identifier,
          header = cells(b.head.rows),
          rows = body,
        })
      end
    end
  end
  walk(doc.blocks, { chapter = '', anchor = '', seq = 0 })
  return pandoc.json.encode(records)
end
