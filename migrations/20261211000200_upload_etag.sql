-- An uploaded file must not change under its analysis (issue #21). Presigned uploads now land
-- on a staging key and `complete` copies them to the key analyses read, which no client ever
-- had a URL for; on top of that, a job records the entity tag its file had when the analysis
-- was created, and refuses to analyse a file whose tag or size changed since (FILE_CHANGED).
-- Written with the analysis, by the Worker (with the member's own token for signed-in users).

alter table public.call_analyses
  add column file_etag text check (char_length(file_etag) <= 200);

grant insert (file_etag) on public.call_analyses to authenticated;
