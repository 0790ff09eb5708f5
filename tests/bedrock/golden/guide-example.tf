data "aws_iam_policy_document" "port_bedrock_permission" {
  statement {
    sid    = "InvokeEnabledClaudeModels"
    effect = "Allow"
    actions = [
      "bedrock:InvokeModel",
      "bedrock:InvokeModelWithResponseStream",
    ]
    resources = [
      "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
      "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
    ]
  }
}

data "aws_iam_policy_document" "port_bedrock_trust" {
  statement {
    sid     = "TrustPortLlmGateway"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type = "AWS"
      identifiers = [
        "arn:aws:iam::185657066287:role/port-ai-bring-your-own-llm-eu-west-1",
        "arn:aws:iam::185657066287:role/port-ai-bring-your-own-llm-us-east-1",
      ]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = ["<value of Port secret BEDROCK_ROLE_EXTERNAL_ID>"]
    }
  }
}
