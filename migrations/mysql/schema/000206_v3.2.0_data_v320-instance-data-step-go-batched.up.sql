-- Marker: the Go data step 'v320 instance data step (Go, batched)' (schemapath) runs just before this file.
DO 0
