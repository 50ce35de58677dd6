# A post typed only ov:Post and org:Post.
# expect: la/380/scrutiny/chair PostShape
DELETE DATA { <la/380/scrutiny/chair> a ov:Chair . }
