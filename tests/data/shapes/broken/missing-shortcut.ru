# The shortcut triple of a scrutinises relationship is missing.
# expect: relationship/scrutiny RelationshipShape ov:scrutinises
DELETE DATA { <la/380/scrutiny> ov:scrutinises <la/380/dcs> . }
