"""
Schemathesis hooks for the Casework API, loaded through SCHEMATHESIS_HOOKS by fuzz/schemathesis.ts.

Each request schemathesis sends gets an Idempotency-Key of its own. The generator draws header
values from a small pool, so two different requests would otherwise share a key, and the API
rightly refuses a key used for another request (422). Only requests generated to be valid get a
key of their own, and only in place of a well-formed one: schemathesis checks the headers again
after this hook, and a negative request (one without its Authorization header, say) whose headers
were touched would be taken for a valid one and sent with the Authorization it was meant to lack.

In the stateful phase, which follows the document's links from an opened case to every operation
on it, a request to open a case that was generated to be valid opens one for real: its body is
replaced by CASEWORK_SCHEMATHESIS_OPEN_CASE (JSON, a body naming a published definition), since the
generator cannot know which definition keys are published, and every other key is refused (422).
"""
import copy
import json
import os
import re
import uuid

import schemathesis
from schemathesis.generation.meta import TestPhase

IDEMPOTENCY_HEADER = "idempotency-key"
# The API's own rule for a key (api/idempotency.ts), which the document's pattern states.
WELL_FORMED = re.compile(r"[\x21-\x7e]{1,255}")


OPEN_CASE = json.loads(os.environ.get("CASEWORK_SCHEMATHESIS_OPEN_CASE") or "null")


@schemathesis.hook
def before_call(context, case, kwargs):
    meta = case.meta
    if meta is not None and meta.generation.mode.is_negative:
        return
    if OPEN_CASE is not None and meta is not None and meta.phase.name == TestPhase.STATEFUL and case.method == "POST" and case.path == "/cases":
        case.body = copy.deepcopy(OPEN_CASE)
    headers = case.headers
    if not headers:
        return
    for name in list(headers):
        value = headers[name]
        if name.lower() == IDEMPOTENCY_HEADER and isinstance(value, str) and WELL_FORMED.fullmatch(value):
            headers[name] = f"st-{uuid.uuid4().hex}"
