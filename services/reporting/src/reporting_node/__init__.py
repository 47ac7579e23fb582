"""The reporting node: the partnership's view over every partner's events (widok partnerstwa)."""
