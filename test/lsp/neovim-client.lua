-- Drives Neovim as a real LSP client of the Whirlpool server, headless.
-- Run as: nvim --headless -i NONE -n -u neovim-client.lua
-- Environment: WHIRLPOOL_SERVER (out/server.js), WHIRLPOOL_FILE (the job to
-- open), WHIRLPOOL_OUTPUT (the JSON file written for the test to assert on).
-- Works with Neovim 0.7 (Debian 12) and later: vim.lsp.start where it
-- exists, vim.lsp.start_client + buf_attach_client before it.

local server = assert(os.getenv('WHIRLPOOL_SERVER'), 'WHIRLPOOL_SERVER is not set')
local file = assert(os.getenv('WHIRLPOOL_FILE'), 'WHIRLPOOL_FILE is not set')
local output = assert(os.getenv('WHIRLPOOL_OUTPUT'), 'WHIRLPOOL_OUTPUT is not set')
local timeout = 20000

local function snapshot(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, {
      line = d.lnum,
      col = d.col,
      code = d.code,
      source = d.source,
      severity = d.severity,
      message = d.message,
      href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
    })
  end
  table.sort(list, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    if a.col ~= b.col then return a.col < b.col end
    return tostring(a.code) < tostring(b.code)
  end)
  return list
end

local function write(result)
  local handle = assert(io.open(output, 'w'))
  handle:write(vim.json.encode(result))
  handle:close()
end

local function run()
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local config = {
    name = 'whirlpool',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    settings = { whirlpool = { sparkVersion = '3.5' } },
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  assert(client_id, 'the language server did not start')

  local arrived = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  local initial = snapshot(bufnr)

  -- An edit through Neovim's own change tracking (incremental didChange):
  -- a line inserted at the top moves every diagnostic down by one.
  vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { '# edited in Neovim' })
  local moved = vim.wait(timeout, function()
    local now = snapshot(bufnr)
    if #now ~= #initial or #now == 0 then return false end
    for i, d in ipairs(now) do
      if d.line ~= initial[i].line + 1 then return false end
    end
    return true
  end, 20)

  local client = vim.lsp.get_client_by_id(client_id)
  write({
    arrived = arrived,
    initial = initial,
    moved = moved,
    afterEdit = snapshot(bufnr),
    serverName = client and client.name or vim.NIL,
    nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor),
  })
  if client then client.stop() end
end

local ok, err = pcall(run)
if not ok then
  write({ error = tostring(err) })
  vim.cmd('cquit 1')
end
vim.cmd('qall!')
