# A post holding that names no person.
# expect: la/380/dcs/holder/alex-example MembershipShape org:member
DELETE WHERE { <la/380/dcs/holder/alex-example> org:member ?person . }
