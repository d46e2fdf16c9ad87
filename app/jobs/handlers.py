"""Every kind of job the app runs, registered with the runner when imported.

=================  ===========================================  ==========================
kind               what it does                                 queued by
=================  ===========================================  ==========================
screening          screens an uploaded CSV of names             /screen
import-preview     reads an uploaded list, says what would      /admin/imports
                   change
import             applies an uploaded list (one transaction)   /admin/imports, ``flask
                                                                import ... --queue``
screening-run      screens a stored run of a signed-in account  /screen (signed in),
                                                                POST /api/v1/screen
monitor-rescreen,  monitoring (see ``app.jobs.monitoring_jobs``)
monitor-baseline,
monitor-full,
webhook-delivery
command            runs a ``flask`` command                     JOBS_SCHEDULE
list-update        downloads and imports lists from their       /admin/lists ("update now")
                   publishers
=================  ===========================================  ==========================
"""

from app.jobs import (  # noqa: F401
    import_jobs,
    list_update_jobs,
    monitoring_jobs,
    schedule,
    screening_jobs,
)

# Kinds every editor sees in the jobs list (not only their own).
SHARED_KINDS = (
    import_jobs.PREVIEW,
    import_jobs.IMPORT,
    schedule.COMMAND,
    list_update_jobs.LIST_UPDATE,
)
