"""The deadline-day load benchmark (run.sh): seed data, instruments, load test and checks."""
