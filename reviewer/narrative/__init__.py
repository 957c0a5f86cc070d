"""The advisory LLM narrative: what a change could break, grounded in the diff, never in charge.

Data flows through these modules in order: ``settings`` (endpoint, model, deadline) →
``redaction`` and ``context`` (a budgeted, redacted view of the change) → ``prompts`` (versioned
templates) → ``agent`` (langchain agent with read-only ``tools``, ``retry`` policy, structured
``answer``) → ``grounding`` (concerns checked against the diff) → ``signal`` (all the reconciler
may see). ``step`` runs them under one deadline; ``cache`` keeps finished narratives.

Only ``agent`` and ``client`` import langchain and openai, and only inside the functions that
call a model, so a review without a narrative never pays for them.
"""
