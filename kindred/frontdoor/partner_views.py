"""Partner pages: a school's (or any partner's) referral form and the feedback on what they submitted."""
