# A shortcut triple with no relationship node behind it.
# expect: la/380/eisb ShortcutShape ov:scrutinises
INSERT DATA { <la/380/eisb> ov:scrutinises <group/1234> . }
