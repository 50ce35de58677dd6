# A source document with two dates.
# expect: document/report SourceDocumentShape dcterms:date
INSERT DATA { <document/report> dcterms:date "2017-07-01"^^xsd:date . }
