# A SHA-256 that is not 64 hexadecimal digits.
# expect: document/report SourceDocumentShape ov:sha256
DELETE WHERE { <document/report> ov:sha256 ?sum . } ;
INSERT DATA { <document/report> ov:sha256 "not-a-checksum" . }
