# The kind is not a concept of the kind scheme.
# expect: relationship/scrutiny RelationshipShape ov:kind
DELETE DATA { <relationship/scrutiny> ov:kind kind:scrutinises . } ;
INSERT DATA { <relationship/scrutiny> ov:kind kind:supervises . }
