"""Documents against statistics: figures stated in retrieved text (`claims`) checked against
the statistics (`checking`), and what the answer says about them (`summary`)."""

from assistant.answer.consistency.checking import (
    Check,
    Discrepancy,
    FrameSource,
    OurValue,
    agrees,
    check_all,
    check_claim,
    check_claims,
    check_passages,
    neighbours,
    our_value,
)
from assistant.answer.consistency.claims import (
    COUNTY,
    COUNTY_MUNICIPALITIES,
    SWEDEN,
    Claim,
    find_claims,
    place_named,
)
from assistant.answer.consistency.summary import consistency_markdown, describe, summary_markdown

__all__ = ["COUNTY", "COUNTY_MUNICIPALITIES", "SWEDEN", "Check", "Claim", "Discrepancy",
           "FrameSource", "OurValue", "agrees", "check_all", "check_claim", "check_claims",
           "check_passages", "consistency_markdown", "describe", "find_claims", "neighbours",
           "our_value", "place_named", "summary_markdown"]
