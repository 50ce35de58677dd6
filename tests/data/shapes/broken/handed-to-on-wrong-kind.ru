# Only hasNoInfluenceOver names who the role is handed to.
# expect: relationship/scrutiny HandOffShape ov:kind
INSERT DATA { <relationship/scrutiny> ov:handedTo <rsc/north> . }
