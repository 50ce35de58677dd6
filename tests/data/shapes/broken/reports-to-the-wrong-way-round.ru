# reportsTo is TargetOversees, but overseer and overseen are swapped.
# expect: relationship/report RelationshipShape ov:overseer
# expect: relationship/report RelationshipShape ov:overseen
DELETE DATA { <relationship/report> ov:overseer <la/380/eisb> ; ov:overseen <la/380/dcs> . } ;
INSERT DATA { <relationship/report> ov:overseer <la/380/dcs> ; ov:overseen <la/380/eisb> . }
