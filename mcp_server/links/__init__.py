"""Links that leave the process: opening in the learner's browser (`browser`) and checking
that links still work (`checker`, with httpx). URL safety itself is pure: `domain.urls`."""
