rootProject.name = "chat-server"
