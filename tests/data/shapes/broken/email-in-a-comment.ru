# An e-mail address (a reserved example.org one) in a comment.
# expect: la/380/eisb ContactDetailsShape rdfs:comment
INSERT DATA { <la/380/eisb> rdfs:comment "Papers from the clerk, clerk.eisb@example.org" . }
