"""The operations layer at the top: demo data, benchmarks, the development server and
worker, synthetic data and retraining the matcher. It may import every app; nothing
imports it."""
