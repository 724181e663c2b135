"""The search systems compared side by side: this project and the two alternatives users have."""
