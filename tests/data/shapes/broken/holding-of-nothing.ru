# A post holding that names no post.
# expect: la/380/dcs/holder/alex-example MembershipShape
DELETE WHERE { <la/380/dcs/holder/alex-example> org:role ?post . }
