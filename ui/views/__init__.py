"""The pages of the chat app, each run by st.navigation from ui/app.py."""
