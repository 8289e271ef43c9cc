-- msrewrite for Neovim: the language server on every Dockerfile, and
-- format-on-save through it. Put this file on your runtimepath (or
-- dofile() it from init.lua); msrewrite must be on PATH.
-- Works with Neovim 0.7 (Debian 12) and later.
local group = vim.api.nvim_create_augroup("msrewrite", { clear = true })

local function start()
  local bufnr = vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(bufnr)
  local config = {
    name = "msrewrite",
    cmd = { "msrewrite", "lsp" },
    root_dir = vim.fn.fnamemodify(name, ":p:h"),
  }
  if vim.lsp.start then -- Neovim 0.8+
    vim.lsp.start(config)
  else
    local id = vim.lsp.start_client(config)
    if id then
      vim.lsp.buf_attach_client(bufnr, id)
    end
  end
end

local function format()
  if vim.lsp.buf.format then -- Neovim 0.8+
    vim.lsp.buf.format({ name = "msrewrite", async = false, timeout_ms = 3000 })
  else
    vim.lsp.buf.formatting_sync(nil, 3000)
  end
end

vim.api.nvim_create_autocmd("FileType", { group = group, pattern = "dockerfile", callback = start })
vim.api.nvim_create_autocmd("BufWritePre", {
  group = group,
  pattern = { "Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile" },
  callback = format,
})
