# The relationship loses its kind.
# expect: relationship/scrutiny RelationshipShape ov:kind
DELETE DATA { <relationship/scrutiny> ov:kind kind:scrutinises . }
