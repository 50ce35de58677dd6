# A source document with no title.
# expect: document/report SourceDocumentShape dcterms:title
DELETE WHERE { <document/report> dcterms:title ?title . }
