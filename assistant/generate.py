"""Optional generative answers: a LangChain chat model writes from the numbered passages; the
verifier decides what may be shown. The extractive answer stays the fallback and the default."""
from __future__ import annotations

import dataclasses
import os

from langchain_core.language_models.chat_models import BaseChatModel

from .prompts import PASSAGE, QUESTION, SYSTEM
from .types import Answer, Citation
from .verify import verify


def chat_model_from_env() -> BaseChatModel | None:
    """CITEBRIEF_LLM=ollama:MODEL or openai:MODEL (with CITEBRIEF_LLM_URL for any OpenAI-compatible server)."""
    spec = os.environ.get("CITEBRIEF_LLM", "").strip()
    if not spec:
        return None
    provider, _, model = spec.partition(":")
    url = os.environ.get("CITEBRIEF_LLM_URL") or None
    try:
        if provider == "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(model=model, base_url=url or "http://localhost:11434", temperature=0)
        if provider == "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(model=model, base_url=url, temperature=0,
                              api_key=os.environ.get("CITEBRIEF_LLM_KEY", "not-needed"))
    except ImportError as exc:
        raise ValueError(f"CITEBRIEF_LLM={spec} needs the package {exc.name}; "
                         f"pip install langchain-{provider}") from exc
    raise ValueError(f"CITEBRIEF_LLM must look like 'ollama:MODEL' or 'openai:MODEL', got '{spec}'")


def format_passages(citations: tuple[Citation, ...]) -> str:
    """Passages as delimited data; a passage cannot close its own delimiter early."""
    return "\n\n".join(PASSAGE.format(n=c.n, source=c.source, section=c.section.replace('"', "'"),
                                      text=c.text.replace("</passage>", "</ passage>")) for c in citations)


def messages(question: str, citations: tuple[Citation, ...]) -> list[tuple[str, str]]:
    return [("system", SYSTEM), ("human", QUESTION.format(question=question, passages=format_passages(citations)))]


def generate(chat_model: BaseChatModel, extractive: Answer) -> Answer:
    """The model's answer when it verifies (unsupported sentences removed and said so); else the
    extractive answer with a notice. Abstentions and figure answers are never rewritten."""
    if extractive.abstained or extractive.route == "figure" or not extractive.citations:
        return extractive
    name = getattr(chat_model, "model_name", None) or getattr(chat_model, "model", None) or type(chat_model).__name__
    try:
        reply = chat_model.invoke(messages(extractive.read_as or extractive.question, extractive.citations))
    except Exception as exc:  # any provider error: the user still gets the extractive answer
        return _fallback(extractive, f"The language model could not be reached ({exc.__class__.__name__}); "
                                     "showing the extractive answer.")
    checked = verify(str(reply.content), extractive.citations, extractive.figures)
    if checked.kept == 0:
        return _fallback(extractive, "The generated answer failed verification "
                                     f"({'; '.join(checked.problems[:2])}); showing the extractive answer.")
    notices = [f"Written by {name} from the cited passages; every number and quote was checked against them."]
    if checked.problems:
        notices.append(f"{len(checked.problems)} unsupported sentence(s) were removed: " + "; ".join(checked.problems))
    return dataclasses.replace(extractive, answer=checked.text, route=extractive.route + "+llm",
                               notices=extractive.notices + tuple(notices))


def _fallback(extractive: Answer, notice: str) -> Answer:
    return dataclasses.replace(extractive, notices=extractive.notices + (notice,))
