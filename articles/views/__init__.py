"""The editors' web layer, by flow: articles (upload, list, page, corrections, archive), add_pledge
(pledges added from the text), review (the queue and its decisions), candidates (new names)."""
