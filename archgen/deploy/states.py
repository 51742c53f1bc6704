"""Every CloudFormation stack status, and the way a deploy (or destroy) goes on from it.

A deploy must be safe to run again after any failure, so each status a stack can be left in has
an answer here: carry on with an update, create it (again), wait for the operation under way,
or repair it first (delete what cannot be updated, continue a rollback that failed).
"""

from __future__ import annotations

from enum import Enum


class Way(Enum):
    CREATE = "create"                  # no stack: a CREATE (or IMPORT) change set
    UPDATE = "update"                  # a stack that works: an UPDATE change set
    WAIT = "wait"                      # an operation is under way: wait for it, then decide again
    RECREATE = "recreate"              # a stack that can only be deleted: delete it, then create it
    CONTINUE_ROLLBACK = "continue"     # UPDATE_ROLLBACK_FAILED: continue-update-rollback, then update
    STUCK = "stuck"                    # no API call can move it on: a person must act (the message says how)


ABSENT = "DELETE_COMPLETE"  # how a stack that does not exist (or no longer) is reported

_UPDATABLE = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
              "IMPORT_ROLLBACK_COMPLETE"}
# A CREATE that failed leaves a stack with no resources (or only the ones its rollback could not
# delete); CloudFormation refuses any change set on it, so the only way on is to delete it.
_RECREATE = {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED", "REVIEW_IN_PROGRESS", "DELETE_FAILED"}

WHY_RECREATE = {
    "ROLLBACK_COMPLETE": "its first deploy failed and rolled back: CloudFormation accepts no change on it",
    "ROLLBACK_FAILED": "its first deploy failed and its rollback too: it can only be deleted",
    "CREATE_FAILED": "its first deploy failed: it can only be deleted",
    "REVIEW_IN_PROGRESS": "a change set created it and was never executed: it holds no resources",
    "DELETE_FAILED": "an earlier delete did not finish",
}

STUCK_ADVICE = {
    "IMPORT_ROLLBACK_FAILED": "an import failed and so did its rollback: fix the resource the stack events name "
                              "(or remove it from the import), then delete the stack and deploy again",
}


def way_forward(status: str) -> Way:
    if status == ABSENT:
        return Way.CREATE
    if status in _UPDATABLE:
        return Way.UPDATE
    if status in _RECREATE:
        return Way.RECREATE
    if status == "UPDATE_ROLLBACK_FAILED":
        return Way.CONTINUE_ROLLBACK
    if status.endswith("_IN_PROGRESS"):
        return Way.WAIT
    if status == "UPDATE_FAILED":  # rollback was disabled: the next update retries it
        return Way.UPDATE
    return Way.STUCK

