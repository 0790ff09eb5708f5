"""AWS Bedrock helpers: IAM policies for Port's gateway and a self-test of the setup."""

from llmconf.bedrock.check import make_session, run_check
from llmconf.bedrock.policy import PolicySet, build_policies
from llmconf.bedrock.render import render_json, render_terraform
from llmconf.bedrock.report import CheckReport, CheckRow, render_check
from llmconf.bedrock.setup import BedrockSetup, enabled_models, find_bedrock, read_setup

__all__ = [
    "BedrockSetup",
    "CheckReport",
    "CheckRow",
    "PolicySet",
    "build_policies",
    "enabled_models",
    "find_bedrock",
    "make_session",
    "read_setup",
    "render_check",
    "render_json",
    "render_terraform",
    "run_check",
]
