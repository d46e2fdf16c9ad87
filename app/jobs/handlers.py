"""Every kind of job the app runs, registered with the runner when imported.

=================  ===========================================  ==========================
kind               what it does                                 queued by
=================  ===========================================  ==========================
screening          screens an uploaded CSV of names             /screen
import-preview     reads an uploaded list, says what would      /admin/imports
                   change
import             applies an uploaded list (one transaction)   /admin/imports, ``flask
                                                                import ... --queue``
monitor-rescreen,  monitoring (see ``app.jobs.monitoring_jobs``)
monitor-baseline,
webhook-delivery
command            runs a ``flask`` command                     JOBS_SCHEDULE
=================  ===========================================  ==========================
"""

from app.jobs import import_jobs, monitoring_jobs, schedule, screening_jobs  # noqa: F401

# Kinds every editor sees in the jobs list (not only their own).
SHARED_KINDS = (import_jobs.PREVIEW, import_jobs.IMPORT, schedule.COMMAND)
