import StagecraftCLI

await StagecraftMain.run()
