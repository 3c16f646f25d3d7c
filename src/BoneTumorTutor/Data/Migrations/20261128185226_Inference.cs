using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BoneTumorTutor.Data.Migrations
{
    /// <inheritdoc />
    public partial class Inference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Cam",
                table: "CasePredictions",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<int>(
                name: "CamHeight",
                table: "CasePredictions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "CamWidth",
                table: "CasePredictions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "ClinicalProbability",
                table: "CasePredictions",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "CropCenterX",
                table: "CasePredictions",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "CropCenterY",
                table: "CasePredictions",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "CropSide",
                table: "CasePredictions",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<byte[]>(
                name: "Embedding",
                table: "CasePredictions",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<int>(
                name: "FrameSize",
                table: "CasePredictions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "InputHash",
                table: "CasePredictions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "IsOutOfDistribution",
                table: "CasePredictions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "OodDistance",
                table: "CasePredictions",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Cam",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "CamHeight",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "CamWidth",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "ClinicalProbability",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "CropCenterX",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "CropCenterY",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "CropSide",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "Embedding",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "FrameSize",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "InputHash",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "IsOutOfDistribution",
                table: "CasePredictions");

            migrationBuilder.DropColumn(
                name: "OodDistance",
                table: "CasePredictions");
        }
    }
}
