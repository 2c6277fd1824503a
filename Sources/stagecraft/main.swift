import StagecraftCLI

StagecraftMain.run()
