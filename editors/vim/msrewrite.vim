" msrewrite for Vim: rewrite a Dockerfile when it is saved. Source this file
" from your vimrc; msrewrite must be on PATH. A file msrewrite leaves alone,
" or cannot read, is saved as it is (the reason is in :messages).
function! s:MsrewriteOnSave() abort
  let l:lines = getline(1, '$')
  let l:cmd = 'msrewrite --stdin-filename ' . shellescape(expand('%:p')) . ' 2>/dev/null'
  let l:out = systemlist(l:cmd, l:lines)
  if v:shell_error != 0
    echomsg 'msrewrite: the file has an error; run msrewrite on it to see it'
    return
  endif
  if l:out ==# l:lines
    return
  endif
  let l:view = winsaveview()
  silent! undojoin
  call setline(1, l:out)
  if line('$') > len(l:out)
    silent execute (len(l:out) + 1) . ',$delete _'
  endif
  call winrestview(l:view)
endfunction

augroup msrewrite
  autocmd!
  autocmd BufWritePre Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile call s:MsrewriteOnSave()
augroup END
