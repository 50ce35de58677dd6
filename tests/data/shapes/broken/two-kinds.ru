# The relationship has a second kind.
# expect: relationship/scrutiny RelationshipShape ov:kind
INSERT DATA { <relationship/scrutiny> ov:kind kind:monitors . }
