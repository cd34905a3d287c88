package io.qdm.qpu.service;

/** GetJob/WatchJob/CancelJob named a job this gateway does not know. Maps to NOT_FOUND. */
public class UnknownJobException extends RuntimeException {
    public UnknownJobException(String jobId) {
        super("job_id: no job '" + jobId + "'");
    }
}
